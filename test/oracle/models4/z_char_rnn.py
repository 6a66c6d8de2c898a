"""The char-RNN name classification tutorial RNN built from two Linears, unrolled over the letters of a name."""
import torch
import torch.nn as nn

n_letters = 57
n_hidden = 128
n_categories = 18


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()

        self.hidden_size = hidden_size

        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(input_size + hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        combined = torch.cat((input, hidden), 1)
        hidden = self.i2h(combined)
        output = self.i2o(combined)
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


# shapelint: input=(6, 1, 57)
class NameClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = RNN(n_letters, n_hidden, n_categories)

    def forward(self, line_tensor):
        hidden = self.rnn.initHidden()
        for i in range(line_tensor.size()[0]):
            output, hidden = self.rnn(line_tensor[i], hidden)
        return output
