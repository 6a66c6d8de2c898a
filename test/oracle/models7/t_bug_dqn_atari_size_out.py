"""BUG: the PyTorch DQN tutorial's convolutional network (conv/bn triples, a conv2d_size_out helper nested in __init__ that sizes the head Linear, x.view(x.size(0), -1)) ported to Atari: four stacked 84x84 frames and the Nature-DQN first layer Conv2d(4, 16, kernel_size=8, stride=4). The helper still uses its default kernel_size=5, stride=2 for all three convs, so it predicts 84 -> 40 -> 18 -> 7 and builds nn.Linear(7 * 7 * 32, n_actions), while the real maps go 84 -> 20 -> 8 -> 2. The flattened features are 2 * 2 * 32 = 128 wide and the head raises "mat1 and mat2 shapes cannot be multiplied (2x128 and 1568x6)"."""
import torch
import torch.nn as nn
import torch.nn.functional as F

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class DQN(nn.Module):

    def __init__(self, h, w, outputs):
        super(DQN, self).__init__()
        self.conv1 = nn.Conv2d(4, 16, kernel_size=8, stride=4)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=5, stride=2)
        self.bn2 = nn.BatchNorm2d(32)
        self.conv3 = nn.Conv2d(32, 32, kernel_size=5, stride=2)
        self.bn3 = nn.BatchNorm2d(32)

        # Number of Linear input connections depends on output of conv2d layers
        # and therefore the input image size, so compute it.
        def conv2d_size_out(size, kernel_size = 5, stride = 2):
            return (size - (kernel_size - 1) - 1) // stride  + 1
        convw = conv2d_size_out(conv2d_size_out(conv2d_size_out(w)))
        convh = conv2d_size_out(conv2d_size_out(conv2d_size_out(h)))
        linear_input_size = convw * convh * 32
        self.head = nn.Linear(linear_input_size, outputs)

    # Called with either one element to determine next action, or a batch
    # during optimization. Returns tensor([[left0exp,right0exp]...]).
    def forward(self, x):
        x = x.to(device)
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(self.bn2(self.conv2(x)))
        x = F.relu(self.bn3(self.conv3(x)))
        return self.head(x.view(x.size(0), -1))


screen_height, screen_width = 84, 84
n_actions = 6  # env.action_space.n for Pong


# shapelint: input=(2, 4, 84, 84)
def make_policy_net():
    policy_net = DQN(screen_height, screen_width, n_actions).to(device)
    return policy_net
