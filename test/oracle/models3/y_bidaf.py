"""BiDAF (Seo et al., 2017) on pre-embedded context/question vectors: highway network, contextual BiLSTMs, trilinear similarity built column by column, context-to-query and query-to-context attention, modeling LSTMs, start/end pointers."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class Linear(nn.Module):
    def __init__(self, in_features, out_features, dropout=0.0):
        super(Linear, self).__init__()
        self.linear = nn.Linear(in_features=in_features, out_features=out_features)
        if dropout > 0:
            self.dropout = nn.Dropout(p=dropout)

    def forward(self, x):
        if hasattr(self, "dropout"):
            x = self.dropout(x)
        return self.linear(x)


class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, batch_first=False, num_layers=1, bidirectional=False, dropout=0.2):
        super(LSTM, self).__init__()
        self.rnn = nn.LSTM(input_size=input_size, hidden_size=hidden_size, num_layers=num_layers,
                           bidirectional=bidirectional, batch_first=batch_first)
        self.dropout = nn.Dropout(p=dropout)

    def forward(self, x):
        x = self.dropout(x)
        x, _ = self.rnn(x)
        return x


# shapelint: input=((2, 20, 32), (2, 7, 32))
class BiDAF(nn.Module):
    def __init__(self, word_dim=32, hidden_size=24, dropout=0.2):
        super(BiDAF, self).__init__()
        self.hidden_size = hidden_size
        for i in range(2):
            setattr(self, "highway_linear{}".format(i),
                    nn.Sequential(Linear(word_dim, word_dim), nn.ReLU()))
            setattr(self, "highway_gate{}".format(i),
                    nn.Sequential(Linear(word_dim, word_dim), nn.Sigmoid()))

        self.context_LSTM = LSTM(input_size=word_dim, hidden_size=hidden_size,
                                 bidirectional=True, batch_first=True, dropout=dropout)

        self.att_weight_c = Linear(hidden_size * 2, 1)
        self.att_weight_q = Linear(hidden_size * 2, 1)
        self.att_weight_cq = Linear(hidden_size * 2, 1)

        self.modeling_LSTM1 = LSTM(input_size=hidden_size * 8, hidden_size=hidden_size,
                                   bidirectional=True, batch_first=True, dropout=dropout)
        self.modeling_LSTM2 = LSTM(input_size=hidden_size * 2, hidden_size=hidden_size,
                                   bidirectional=True, batch_first=True, dropout=dropout)

        self.p1_weight_g = Linear(hidden_size * 8, 1, dropout=dropout)
        self.p1_weight_m = Linear(hidden_size * 2, 1, dropout=dropout)
        self.p2_weight_g = Linear(hidden_size * 8, 1, dropout=dropout)
        self.p2_weight_m = Linear(hidden_size * 2, 1, dropout=dropout)

        self.output_LSTM = LSTM(input_size=hidden_size * 2, hidden_size=hidden_size,
                                bidirectional=True, batch_first=True, dropout=dropout)
        self.dropout = nn.Dropout(p=dropout)

    def highway_network(self, x):
        for i in range(2):
            h = getattr(self, "highway_linear{}".format(i))(x)
            g = getattr(self, "highway_gate{}".format(i))(x)
            x = g * h + (1 - g) * x
        return x

    def att_flow_layer(self, c, q):
        c_len = c.size(1)
        q_len = q.size(1)

        cq = []
        for i in range(q_len):
            qi = q.select(1, i).unsqueeze(1)
            ci = self.att_weight_cq(c * qi).squeeze()
            cq.append(ci)
        cq = torch.stack(cq, dim=-1)

        s = self.att_weight_c(c).expand(-1, -1, q_len) + \
            self.att_weight_q(q).permute(0, 2, 1).expand(-1, c_len, -1) + \
            cq

        a = F.softmax(s, dim=2)
        c2q_att = torch.bmm(a, q)
        b = F.softmax(torch.max(s, dim=2)[0], dim=1).unsqueeze(1)
        q2c_att = torch.bmm(b, c).squeeze()
        q2c_att = q2c_att.unsqueeze(1).expand(-1, c_len, -1)

        x = torch.cat([c, c2q_att, c * c2q_att, c * q2c_att], dim=-1)
        return x

    def output_layer(self, g, m):
        p1 = (self.p1_weight_g(g) + self.p1_weight_m(m)).squeeze()
        m2 = self.output_LSTM(m)
        p2 = (self.p2_weight_g(g) + self.p2_weight_m(m2)).squeeze()
        return p1, p2

    def forward(self, c_word, q_word):
        c = self.highway_network(c_word)
        q = self.highway_network(q_word)
        c = self.context_LSTM(c)
        q = self.context_LSTM(q)
        g = self.att_flow_layer(c, q)
        m = self.modeling_LSTM2(self.modeling_LSTM1(g))
        p1, p2 = self.output_layer(g, m)
        return p1, p2
