"""A ConvLSTM precipitation-nowcasting model whose ConvLSTMCell sizes its gate convolution with input_dim only,
forgetting that the hidden state is concatenated on the channel axis first: the conv expects 1 channel but
receives input_dim + hidden_dim = 1 + 16 = 17."""
import torch
import torch.nn as nn


class ConvLSTMCell(nn.Module):
    def __init__(self, input_dim, hidden_dim, kernel_size, bias=True):
        super(ConvLSTMCell, self).__init__()
        self.input_dim = input_dim
        self.hidden_dim = hidden_dim
        self.padding = kernel_size[0] // 2, kernel_size[1] // 2
        self.conv = nn.Conv2d(in_channels=self.input_dim,
                              out_channels=4 * self.hidden_dim,
                              kernel_size=kernel_size,
                              padding=self.padding,
                              bias=bias)

    def forward(self, input_tensor, cur_state):
        h_cur, c_cur = cur_state
        combined = torch.cat([input_tensor, h_cur], dim=1)
        combined_conv = self.conv(combined)
        cc_i, cc_f, cc_o, cc_g = torch.split(combined_conv, self.hidden_dim, dim=1)
        i = torch.sigmoid(cc_i)
        f = torch.sigmoid(cc_f)
        o = torch.sigmoid(cc_o)
        g = torch.tanh(cc_g)
        c_next = f * c_cur + i * g
        h_next = o * torch.tanh(c_next)
        return h_next, c_next

    def init_hidden(self, batch_size, image_size):
        height, width = image_size
        return (torch.zeros(batch_size, self.hidden_dim, height, width, device=self.conv.weight.device),
                torch.zeros(batch_size, self.hidden_dim, height, width, device=self.conv.weight.device))


# shapelint: input=(2, 4, 1, 24, 24)
class Nowcaster(nn.Module):
    def __init__(self, hidden_dims=(16, 16), future=3):
        super().__init__()
        self.future = future
        dims = [1] + list(hidden_dims)
        self.cells = nn.ModuleList([ConvLSTMCell(dims[i], dims[i + 1], (3, 3)) for i in range(len(hidden_dims))])
        self.head = nn.Conv2d(hidden_dims[-1], 1, kernel_size=1)

    def forward(self, x):
        b, t, _, h, w = x.shape
        states = [cell.init_hidden(b, (h, w)) for cell in self.cells]
        for step in range(t):
            inp = x[:, step]
            for i, cell in enumerate(self.cells):
                states[i] = cell(inp, states[i])
                inp = states[i][0]
        preds = []
        inp = self.head(states[-1][0])
        for _ in range(self.future):
            for i, cell in enumerate(self.cells):
                states[i] = cell(inp, states[i])
                inp = states[i][0]
            inp = torch.sigmoid(self.head(inp))
            preds.append(inp)
        return torch.stack(preds, dim=1)
